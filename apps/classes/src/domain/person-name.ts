/** A person's name as the API speaks it: `{first, middle?, last}`. */
export interface PersonName {
  first: string;
  middle?: string;
  last: string;
}
