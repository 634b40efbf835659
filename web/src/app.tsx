import { SignedIn, SignInDialog, useSigning } from './components/SignIn.tsx';
import { ExecutionPage } from './pages/ExecutionPage.tsx';
import { StateMachineList } from './pages/StateMachineList.tsx';
import { StateMachinePage } from './pages/StateMachinePage.tsx';
import { arnName, href, machineOfExecution, useRoute } from './route.ts';

export function App() {
  const route = useRoute();
  const signing = useSigning();
  return (
    <div className="app">
      <header className="topbar">
        <a className="brand" href="#/">
          <span className="logo" aria-hidden="true" />
          Stepwise
        </a>
        <nav className="crumbs" aria-label="Breadcrumb">
          <a href="#/">State machines</a>
          {route.page !== 'state-machines' && (
            <>
              <span className="sep">/</span>
              <a
                href={href({
                  page: 'state-machine',
                  arn: route.page === 'execution' ? machineOfExecution(route.arn) : route.arn,
                })}
              >
                {arnName(route.page === 'execution' ? machineOfExecution(route.arn) : route.arn)}
              </a>
            </>
          )}
          {route.page === 'execution' && (
            <>
              <span className="sep">/</span>
              <span>{arnName(route.arn)}</span>
            </>
          )}
        </nav>
        {signing.signedInAs !== undefined && <SignedIn accessKeyId={signing.signedInAs} />}
      </header>
      {signing.required && <SignInDialog />}
      <main className="content">
        {route.page === 'state-machines' && <StateMachineList />}
        {route.page === 'state-machine' && <StateMachinePage key={route.arn} arn={route.arn} />}
        {route.page === 'execution' && <ExecutionPage key={route.arn} arn={route.arn} />}
      </main>
    </div>
  );
}
