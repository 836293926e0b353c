import { VersionHistory } from './version-history.tsx';

export default async function FlowVersionsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <VersionHistory flowId={id} />;
}
