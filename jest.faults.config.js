/**
 * The fault suite (`npm run test:faults`): the service as its own process, under load, while its
 * instance is killed, its Redis stopped, LINE failing and a poison event sent (issue 14). Kept
 * out of `npm test` (its files end in `.faults.ts`) because it takes minutes.
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  preset: base.preset,
  testEnvironment: base.testEnvironment,
  transform: base.transform,
  transformIgnorePatterns: base.transformIgnorePatterns,
  roots: ['<rootDir>/test/faults'],
  testMatch: ['**/*.faults.ts'],
  // One scenario at a time: each loads both cores with 50 students, and its timings are the
  // figures it prints.
  maxWorkers: 1,
  testTimeout: 180000,
  reporters: ['default', '<rootDir>/test/support/summaryReporter.js'],
};
