import { FlowList } from './flow-list.tsx';

export default function HomePage() {
  return (
    <>
      <h1>Flows</h1>
      <FlowList />
    </>
  );
}
