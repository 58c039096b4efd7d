export { ProblemError, DomainError, PROBLEM_CONTENT_TYPE, notFound, forbidden, conflict, invalid, parseInput, type ErrorKind } from './problem';
export { encodeCursor, decodeCursor, pageOf, type Page } from './cursor';
