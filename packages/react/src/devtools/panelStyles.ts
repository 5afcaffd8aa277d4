/** The panel's CSS, scoped under `.core-devtools` (no UI dependency, nothing global). */
export const PANEL_CSS = `
.core-devtools, .core-devtools * { box-sizing: border-box; }
.core-devtools { position: fixed; left: 0; right: 0; bottom: 0; z-index: 2147483646; display: flex; flex-direction: column;
  background: #0f172a; color: #e2e8f0; font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  border-top: 1px solid #334155; box-shadow: 0 -4px 16px rgba(0,0,0,.25); }
.core-devtools button, .core-devtools input { font: inherit; color: inherit; }
.core-devtools button { background: #1e293b; border: 1px solid #334155; border-radius: 4px; padding: 1px 8px; cursor: pointer; }
.core-devtools button:hover { background: #334155; }
.core-devtools button[aria-pressed="true"] { background: #b45309; border-color: #f59e0b; }
.core-devtools input { background: #020617; border: 1px solid #334155; border-radius: 4px; padding: 1px 6px; width: 200px; }
.core-devtools-resize { height: 5px; cursor: ns-resize; background: #1e293b; flex: none; }
.core-devtools-resize:hover { background: #38bdf8; }
.core-devtools-bar { display: flex; gap: 8px; align-items: center; padding: 4px 8px; border-bottom: 1px solid #334155; flex: none; }
.core-devtools-bar strong { color: #38bdf8; }
.core-devtools-bar .core-devtools-spacer { flex: 1; }
.core-devtools-body { display: grid; grid-template-columns: minmax(200px, 1fr) minmax(320px, 2.2fr) minmax(200px, .9fr); flex: 1; min-height: 0; }
.core-devtools-pane { overflow: auto; border-right: 1px solid #334155; padding: 4px 8px; min-width: 0; }
.core-devtools-pane h3 { margin: 2px 0 6px; font-size: 11px; text-transform: uppercase; letter-spacing: .06em; color: #94a3b8; }
.core-devtools-state > summary { cursor: pointer; color: #a5b4fc; }
.core-devtools-var { display: flex; gap: 6px; padding: 0 4px; border-radius: 3px; white-space: nowrap; }
.core-devtools-var[data-changed="true"] { background: rgba(250, 204, 21, .22); }
.core-devtools-var .k { color: #f0abfc; }
.core-devtools-var .v { color: #e2e8f0; overflow: hidden; text-overflow: ellipsis; }
.core-devtools-badge { font-size: 10px; padding: 0 4px; border-radius: 3px; background: #7c2d12; color: #fed7aa; }
.core-devtools-shared { margin-left: 6px; background: #164e63; color: #a5f3fc; }
.core-devtools-origin { font-size: 10px; padding: 0 4px; border-radius: 3px; background: #1e3a8a; color: #bfdbfe; }
.core-devtools-origin[data-origin="chain"] { background: #3f6212; color: #d9f99d; }
.core-devtools-origin[data-origin="task"] { background: #581c87; color: #e9d5ff; }
.core-devtools-origin[data-origin="server"] { background: #334155; color: #e2e8f0; }
.core-devtools-row { display: flex; gap: 6px; align-items: center; white-space: nowrap; padding: 1px 2px; border-bottom: 1px solid #1e293b; }
.core-devtools-row .h { color: #fde68a; }
.core-devtools-row .p { color: #94a3b8; overflow: hidden; text-overflow: ellipsis; max-width: 160px; }
.core-devtools-row .m { color: #94a3b8; font-size: 11px; }
.core-devtools-row button { padding: 0 5px; font-size: 10px; }
.core-devtools-children { margin-left: 14px; border-left: 1px dashed #334155; padding-left: 4px; }
.core-devtools-track { position: relative; flex: 1; min-width: 80px; height: 10px; background: #1e293b; border-radius: 5px; }
.core-devtools-taskbar { position: absolute; top: 0; bottom: 0; background: #7c3aed; border-radius: 5px; }
.core-devtools-taskbar[data-running="true"] { background: linear-gradient(90deg, #7c3aed, #a78bfa); }
.core-devtools-tick { position: absolute; top: -2px; width: 2px; height: 14px; background: #fbbf24; }
.core-devtools-error { color: #fecaca; background: rgba(153, 27, 27, .35); padding: 2px 6px; margin: 2px 0 4px; border-radius: 3px; }
.core-devtools-error pre { margin: 2px 0 0; white-space: pre-wrap; font-size: 11px; color: #fca5a5; max-height: 140px; overflow: auto; }
.core-devtools-side { display: flex; flex-direction: column; min-height: 0; min-width: 0; overflow: auto; }
.core-devtools-side > .core-devtools-pane { overflow: visible; }
.core-devtools-muted { color: #94a3b8; margin: 0; }
.core-devtools-apptask { border-bottom: 1px solid #1e293b; padding: 2px 0; }
.core-devtools-apptask .core-devtools-row { border-bottom: none; }
.core-devtools-origin[data-state="running"] { background: #166534; color: #bbf7d0; }
.core-devtools-origin[data-state="failed"] { background: #991b1b; color: #fecaca; }
.core-devtools-origin[data-state="waiting"], .core-devtools-origin[data-state="stopped"] { background: #334155; color: #e2e8f0; }
.core-devtools-conn dt { color: #94a3b8; float: left; clear: left; width: 78px; }
.core-devtools-conn dd { margin: 0 0 2px 82px; overflow-wrap: anywhere; }
.core-devtools-toggle { position: fixed; left: 10px; bottom: 10px; z-index: 2147483646; font: 600 11px system-ui, sans-serif;
  background: #0f172a; color: #38bdf8; border: 1px solid #38bdf8; border-radius: 12px; padding: 3px 9px; cursor: pointer; opacity: .85; }
.core-devtools-toggle:hover { opacity: 1; }
`;
