import { coreStatePlugin } from './coreStatePlugin.js';

export type { ServerOnlyExport, StateExport, StateModuleAnalysis } from './analyzeStateModule.js';
export { CORE_STATE_PLUGIN_NAME, coreStatePlugin } from './coreStatePlugin.js';
export type {
  CoreStatePluginOptions,
  ResolvedCoreStatePluginOptions,
  StateModuleMatcher,
} from './coreStatePluginOptions.js';
export { resolveCoreStatePluginOptions } from './coreStatePluginOptions.js';
export type { CoreViteErrorCode } from './coreViteError.js';
export { CoreViteError, isCoreViteError } from './coreViteError.js';
export type { SourceMapV3 } from './lineSourceMap.js';
export type { StateModuleTransform, TransformStateModuleOptions } from './transformStateModule.js';
export { transformStateModule } from './transformStateModule.js';

export default coreStatePlugin;
export type { CorePagesPluginOptions } from './corePagesPlugin.js';
export { CORE_PAGES_PLUGIN_NAME, corePagesPlugin, ROUTES_MODULE_ID, readRouteTable } from './corePagesPlugin.js';
export type { RouteEntry, RouteTable } from './createRouteTable.js';
export { createRouteTable } from './createRouteTable.js';
export { renderRoutesModule } from './renderRoutesModule.js';
