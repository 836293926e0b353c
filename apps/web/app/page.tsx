import { adminStyles } from './admin-styles.ts';
import { FlowList } from './flow-list.tsx';

export default function HomePage() {
  return (
    <div className="admin">
      <style>{adminStyles}</style>
      <h1>Flows</h1>
      <FlowList />
    </div>
  );
}
