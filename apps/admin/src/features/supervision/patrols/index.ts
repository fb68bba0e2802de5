export { OutfallPatrolSection } from './outfall-patrol-section';
export { PatrolDetailPage } from './patrol-detail-page';
export { PatrolFormPage } from './patrol-form-page';
export { PatrolsPage } from './patrols-page';
