/** Word lists for generated people and places. Synthetic; any resemblance to real people is chance. */

export const FIRST_NAMES = [
  'Ava', 'Liam', 'Olivia', 'Noah', 'Emma', 'Elijah', 'Sophia', 'James', 'Isabella', 'Lucas',
  'Mia', 'Mason', 'Amelia', 'Ethan', 'Harper', 'Logan', 'Evelyn', 'Aiden', 'Abigail', 'Jackson',
  'Emily', 'Sebastian', 'Ella', 'Mateo', 'Camila', 'Henry', 'Luna', 'Owen', 'Aria', 'Caleb',
  'Chloe', 'Isaac', 'Layla', 'Wyatt', 'Nora', 'Jayden', 'Zoey', 'Levi', 'Riley', 'Gabriel',
  'Maya', 'Julian', 'Grace', 'Leo', 'Hannah', 'Ezra', 'Aaliyah', 'Miles', 'Naomi', 'Xavier',
] as const;

export const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson',
  'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores',
  'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts',
] as const;

/** Names that exercise UTF-8 handling: accents, non-Latin scripts, combining marks, astral-plane characters. */
export const UNICODE_NAMES: ReadonlyArray<{ first: string; last: string }> = [
  { first: 'Zoë', last: 'Brontë' },
  { first: 'José', last: 'Muñoz' },
  { first: 'Łukasz', last: 'Wróblewski' },
  { first: 'Nguyễn', last: 'Thị Hương' },
  { first: '美咲', last: '佐藤' },
  { first: 'Søren', last: 'Kierkegård' },
  { first: 'Ἀλέξανδρος', last: 'Παπαδόπουλος' },
  { first: 'Đorđe', last: 'Š\u0301krbić' },
  { first: 'Aroha', last: 'Te Whāiti' },
  { first: 'O\u2019Brien', last: "D'Angelo-\"Smith\"" },
  { first: 'Mx. \u{1F600}', last: 'Emoji\u{1F4DA}' },
  { first: 'محمد', last: 'العلي' },
];

/** Longer than any sane column, so consumers must truncate or reject rather than crash. */
export function veryLongName(seedWord: string): string {
  return (seedWord + '-').repeat(Math.ceil(300 / (seedWord.length + 1))).slice(0, 300);
}

export const SCHOOL_NAMES = [
  'Lincoln', 'Washington', 'Jefferson', 'Roosevelt', 'Franklin', 'Madison', 'Hamilton', 'Kennedy', 'Adams',
  'Jackson', 'Riverside', 'Lakeview', 'Hillcrest', 'Oak Grove', 'Maple', 'Cedar Ridge', 'Pine Valley',
  'Sunset', 'Meadowbrook', 'Westside',
] as const;

export const SCHOOL_KINDS = [
  { suffix: 'Elementary School', low: 'Kindergarten', high: '5' },
  { suffix: 'Middle School', low: '6', high: '8' },
  { suffix: 'High School', low: '9', high: '12' },
] as const;

export const STREETS = ['Main St', 'Oak Ave', 'Elm St', 'School Rd', 'Park Blvd', 'Cedar Ln'] as const;

export const COURSES = [
  { name: 'SPIRE Level 1', number: 'SPR-1' },
  { name: 'SPIRE Level 2', number: 'SPR-2' },
  { name: 'Reading Intervention', number: 'RDI-100' },
  { name: 'English Language Arts', number: 'ELA-200' },
  { name: 'Mathematics', number: 'MTH-300' },
  { name: 'Science', number: 'SCI-400' },
] as const;

export const SUBJECTS = [
  'english/language arts', 'interventions/online learning', 'english/language arts', 'english/language arts',
  'math', 'science',
] as const;

export const STAFF_TITLES = ['Principal', 'Assistant Principal', 'Reading Specialist', 'School Admin'] as const;
export const TEACHER_TITLES = ['Teacher', 'Reading Teacher', 'Grade 3 Teacher', 'Intervention Teacher', ''] as const;

export const RACES = [
  'Caucasian', 'Asian', 'Black or African American', 'American Indian', 'Hawaiian or Other Pacific Islander',
  'Two or More Races', 'Unknown', '',
] as const;
export const HOME_LANGUAGES = [
  { language: 'English', code: 'eng' },
  { language: 'Spanish', code: 'spa' },
  { language: 'Vietnamese', code: 'vie' },
  { language: 'Arabic', code: 'ara' },
  { language: 'Hmong', code: 'hmn' },
  { language: 'Somali', code: 'som' },
] as const;
export const FRL = ['Free', 'Reduced', 'Paid', 'Other', ''] as const;
export const YN = ['Y', 'N', ''] as const;
export const GENDERS = ['M', 'F', 'X', ''] as const;
export const DISABILITIES = [
  { code: 'aut', type: 'Autism' },
  { code: 'dd', type: 'Developmental delay' },
  { code: 'sld', type: 'Specific learning disability' },
  { code: 'sli', type: 'Speech or language impairment' },
  { code: 'ohi', type: 'Other health impairment' },
] as const;
export const RELATIONSHIPS = ['Parent', 'Grandparent', 'Aunt/Uncle', 'Sibling', 'Other', ''] as const;
export const RELATIONSHIP_TYPES = ['Parent/Guardian', 'Emergency', 'Primary', 'Secondary', 'Family', 'Other', ''] as const;
export const PHONE_TYPES = ['Cell', 'Home', 'Work', 'Other', ''] as const;
export const GRADES = ['Kindergarten', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'] as const;
