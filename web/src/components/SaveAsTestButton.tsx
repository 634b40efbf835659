// "Save as test" on the execution page (a Stepwise extension, docs/saved-tests-and-bulk.md): the closed
// execution as a `stepwise test` file, its task answers mocked as recorded, downloaded.
import { useState } from 'react';
import { errorText, sfn } from '../api/client.ts';

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

export function SaveAsTestButton({ arn, name, status }: { arn: string; name: string; status: string }) {
  const [problem, setProblem] = useState<string>();
  // Only a run that ended by itself replays: a stop or a timeout came from outside it.
  const closed = status === 'SUCCEEDED' || status === 'FAILED';
  const save = async (): Promise<void> => {
    setProblem(undefined);
    try {
      const { testFile } = await sfn<{ testFile: unknown }>('SaveExecutionAsTest', { executionArn: arn });
      download(`${name}.test.json`, `${JSON.stringify(testFile, null, 2)}\n`);
    } catch (error) {
      setProblem(errorText(error));
    }
  };
  return (
    <>
      <button
        type="button"
        className="btn"
        disabled={!closed}
        title="Download a stepwise test file that replays this execution with its task answers mocked"
        onClick={() => void save()}
      >
        Save as test
      </button>
      {problem && (
        <span className="error-box" role="alert">
          {problem}
        </span>
      )}
    </>
  );
}
