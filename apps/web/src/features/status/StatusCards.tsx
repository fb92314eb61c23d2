import { useApiHealth, useRediHealth } from '../../shared/useStatusQueries';

function cardClass(status: string | undefined): string {
  if (!status) return 'status-card status-loading';
  return `status-card ${status === 'healthy' ? 'status-healthy' : 'status-down'}`;
}

export function StatusCards() {
  const apiHealth = useApiHealth();
  const redi = useRediHealth();
  const apiStatus = apiHealth.data?.status;
  const rediStatus = redi.data?.status;
  return (
    <div className="status-grid">
      <section className={cardClass(apiStatus)} data-testid="sys:api-card" aria-live="polite">
        <h2>API Status</h2>
        {apiHealth.isPending ? <p>Loading...</p> : <p data-testid="sys:api-status">API: {apiStatus ?? 'unknown'}</p>}
      </section>
      <section className={cardClass(rediStatus)} data-testid="sys:redi-card" aria-live="polite">
        <h2>RediAI Integration</h2>
        {redi.isPending ? (
          <p>Loading...</p>
        ) : (
          <>
            <p data-testid="sys:redi-status">RediAI: {rediStatus ?? 'unknown'}</p>
            {redi.data?.error && <p data-testid="sys:redi-error">Error: {redi.data.error}</p>}
          </>
        )}
      </section>
    </div>
  );
}
