import { SignedIn, SignInDialog, useSigning } from './components/SignIn.tsx';
import { ComparePage } from './pages/ComparePage.tsx';
import { ExecutionPage } from './pages/ExecutionPage.tsx';
import { StateMachineList } from './pages/StateMachineList.tsx';
import { StateMachinePage } from './pages/StateMachinePage.tsx';
import { StudioPage } from './pages/StudioPage.tsx';
import { TriggersPage } from './pages/TriggersPage.tsx';
import { BulkPage } from './pages/BulkPage.tsx';
import type { Route } from './route.ts';
import { arnName, href, machineOfExecution, useRoute } from './route.ts';

/** The state machine a route is about, for the breadcrumb. */
function machineOf(route: Route): string | undefined {
  if (route.page === 'execution' || route.page === 'compare') return machineOfExecution(route.arn);
  return route.page === 'state-machines' || route.page === 'triggers' || route.page === 'bulk'
    ? undefined
    : route.arn;
}

export function App() {
  const route = useRoute();
  const machine = machineOf(route);
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
          {machine !== undefined && (
            <>
              <span className="sep">/</span>
              <a href={href({ page: 'state-machine', arn: machine })}>{arnName(machine)}</a>
            </>
          )}
          {route.page === 'studio' && (
            <>
              <span className="sep">/</span>
              <span>{route.arn === undefined ? 'New state machine' : 'Design'}</span>
            </>
          )}
          {route.page === 'execution' && (
            <>
              <span className="sep">/</span>
              <span>{arnName(route.arn)}</span>
            </>
          )}
          {route.page === 'compare' && (
            <>
              <span className="sep">/</span>
              <span>Compare</span>
            </>
          )}
        </nav>
        <nav className="sections" aria-label="Sections">
          <a href={href({ page: 'triggers' })} aria-current={route.page === 'triggers' ? 'page' : undefined}>
            Triggers
          </a>
          <a href={href({ page: 'bulk' })} aria-current={route.page === 'bulk' ? 'page' : undefined}>
            Bulk operations
          </a>
        </nav>
        {signing.signedInAs !== undefined && <SignedIn accessKeyId={signing.signedInAs} />}
      </header>
      {signing.required && <SignInDialog />}
      <main className="content">
        {route.page === 'state-machines' && <StateMachineList />}
        {route.page === 'state-machine' && <StateMachinePage key={route.arn} arn={route.arn} />}
        {route.page === 'execution' && <ExecutionPage key={route.arn} arn={route.arn} />}
        {route.page === 'studio' && <StudioPage key={route.arn ?? 'new'} arn={route.arn} />}
        {route.page === 'triggers' && <TriggersPage />}
        {route.page === 'compare' && (
          <ComparePage key={`${route.arn} ${route.other}`} left={route.arn} right={route.other} />
        )}
        {route.page === 'bulk' && <BulkPage />}
      </main>
    </div>
  );
}
