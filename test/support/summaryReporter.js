/**
 * Prints the one closing line CI reads: "N passed, N failed".
 * Failed suites that never ran a test (a compile error, say) count as failures too.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failedSuites = results.testResults.filter((r) => r.testExecError).length;
    const failed = results.numFailedTests + failedSuites;
    process.stdout.write(`\n${results.numPassedTests} passed, ${failed} failed\n`);
  }
}
module.exports = SummaryReporter;
