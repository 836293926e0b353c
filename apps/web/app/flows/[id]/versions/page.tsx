import { VersionHistory } from './version-history.tsx';

export default async function FlowVersionsPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ version?: string | string[] }> }) {
  const { id } = await params;
  // `?version=3` (the console links a run's version so) marks that row.
  const { version } = await searchParams;
  const selected = typeof version === 'string' && /^[1-9][0-9]{0,8}$/.test(version) ? Number(version) : undefined;
  return <VersionHistory flowId={id} selected={selected} />;
}
