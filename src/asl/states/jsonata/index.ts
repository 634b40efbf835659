// States whose QueryLanguage is JSONata: Arguments/Output/Assign instead of the JSONPath pipeline.
export { enterJsonata } from './enter.ts';
export { catchJsonata, completeJsonata } from './complete.ts';
export { enterJsonataMap } from './map.ts';
