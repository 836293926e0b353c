import { adminStyles } from '../admin-styles.ts';
import { TemplateGallery } from './template-gallery.tsx';

export default function TemplatesPage() {
  return (
    <div className="admin">
      <style>{adminStyles}</style>
      <h1>Templates</h1>
      <p className="muted">Start a flow from a template: the built-in ones, or flows saved as templates on this server. It opens in the editor as a draft.</p>
      <TemplateGallery />
    </div>
  );
}
