// Save an execution as a test (a Stepwise extension, not AWS): a closed execution's recorded
// task answers, input, outcome and path as a `stepwise test` file with a MockConfigFile case.
export { savedTest } from './saved-test.ts';
