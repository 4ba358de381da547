/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // openid-client and its oauth4webapi and jose ship only ES modules, which Jest on Node 20 cannot
  // require: they alone, of node_modules, are compiled to CommonJS (see the transform's comment).
  transform: {
    '/node_modules/(openid-client|oauth4webapi|jose)/.+\\.js$':
      '<rootDir>/test/support/esmPackageTransform.js',
  },
  transformIgnorePatterns: ['/node_modules/(?!(openid-client|oauth4webapi|jose)/)'],
  // Integration suites share one Redis and one Chromium; two workers match the CI machine.
  maxWorkers: 2,
  testTimeout: 30000,
  reporters: ['default', '<rootDir>/test/support/summaryReporter.js'],
};
