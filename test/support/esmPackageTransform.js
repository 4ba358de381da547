/**
 * A Jest transform for the few dependencies that ship only ES modules (openid-client and the
 * oauth4webapi and jose it runs on). Jest on Node 20 cannot `require()` an ES module (it does
 * so natively only from Node 24.9), while the service itself, compiled to CommonJS, loads them
 * with Node's own `require(esm)` (on by default from Node 20.19). This compiles each file to
 * CommonJS the way `scripts/tsRegister.js` compiles our sources; Jest caches the result.
 */
const ts = require('typescript');

module.exports = {
  process(source, filename) {
    const { outputText, sourceMapText } = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: {
        allowJs: true,
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
        sourceMap: true,
      },
    });
    return { code: outputText, map: sourceMapText };
  },
};
