import { adminStyles } from '../admin-styles.ts';
import { PersonaList } from './persona-list.tsx';

export default function PersonasPage() {
  return (
    <div className="admin">
      <style>{adminStyles}</style>
      <h1>Personas</h1>
      <p className="muted">Who the bot is: a system prompt, a greeting and a writing style. Set one on a channel, or name it in a model node.</p>
      <PersonaList />
    </div>
  );
}
