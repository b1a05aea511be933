// The sandboxed preload: exposes one function per API method (window.bulkhead.<name>) and nothing
// else — no ipcRenderer, no Node. Bundled into one CommonJS file (sandboxed preloads cannot import).
import { contextBridge, ipcRenderer } from 'electron';
import { API_NAMES } from '../src/api/table.js';

const bridge = Object.fromEntries(API_NAMES.map((name) => [name, (args: unknown) => ipcRenderer.invoke(`bulkhead:${name}`, args)]));
contextBridge.exposeInMainWorld('bulkhead', Object.freeze(bridge));
