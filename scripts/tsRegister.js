/**
 * Lets a child `node` process run the TypeScript sources directly (`node -r
 * ./scripts/tsRegister.js src/index.ts`), so process-level tests need no build step.
 * Type checking is `npm run typecheck`'s job; this only strips types.
 */
const ts = require('typescript');

require.extensions['.ts'] = function compileTs(module, filename) {
  const source = require('fs').readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, {
    fileName: filename,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      resolveJsonModule: true,
      inlineSourceMap: true,
    },
  });
  module._compile(outputText, filename);
};
