import { narrativeCommand } from './narrative.js';

export default narrativeCommand('cause', ['rootcause', 'root-cause']);
