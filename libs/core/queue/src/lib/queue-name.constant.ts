/** Every BullMQ queue of the platform. Later domains add theirs here. */
export enum QueueName {
  /** Generated files: audit export, directory export, archives. */
  Exports = 'exports',
  /** Spreadsheet imports. */
  Imports = 'imports',
  /** Housekeeping: demo-data reseed and the like. */
  Maintenance = 'maintenance',
  /** Webhook deliveries to integrators' receivers. */
  Webhooks = 'webhooks',
}
