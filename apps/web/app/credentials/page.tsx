import { adminStyles } from '../admin-styles.ts';
import { CredentialList } from './credential-list.tsx';

export default function CredentialsPage() {
  return (
    <div className="admin">
      <style>{adminStyles}</style>
      <h1>Credentials</h1>
      <p className="muted">API keys and tokens the nodes use. They are stored encrypted and never shown again; pick them in a node&apos;s settings.</p>
      <CredentialList />
    </div>
  );
}
