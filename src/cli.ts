import { VERSION } from './protocol/version.js';
console.log(VERSION);
