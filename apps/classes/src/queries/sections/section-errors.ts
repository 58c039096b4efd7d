import { notFound, type DomainError } from '@roster/problems';

/** A section id that is unknown, removed, or of another school or district: one answer, existence never leaks. */
export const SECTION_NOT_FOUND = 'CLASSES.SECTION_NOT_FOUND';

export const sectionNotFound = (): DomainError => notFound(SECTION_NOT_FOUND, 'Section', 'no such section in this school');
