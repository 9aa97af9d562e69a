import { narrativeCommand } from './narrative.js';

export default narrativeCommand('resolution');
