// The first import of every service's main.ts, for its effect: the process is re-executed with a bounded young
// generation before anything else is loaded (see young-generation.ts). Nothing else belongs in this library's entry.
import { sizeYoungGeneration } from './young-generation';

sizeYoungGeneration();

export { relaunchCommand, SEMI_SPACE_MIB } from './young-generation';
