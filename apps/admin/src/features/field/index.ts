export { FieldHomePage } from './field-home-page';
export { FieldOutfallPage } from './field-outfall-page';
export { FieldPatrolPage } from './field-patrol-page';
export { fieldEn, fieldZh } from './messages';
