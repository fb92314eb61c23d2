export function ErrorBanner(props: { testId: string; message: string | null; className?: string }) {
  if (!props.message) return null;
  return (
    <div className={props.className ?? 'error-banner'} data-testid={props.testId} role="alert">
      Error: {props.message}
    </div>
  );
}
