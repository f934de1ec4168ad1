export { gradeDevopsEpisode, explainDevopsGrade, strictScore, DEVOPS_WEIGHTS, type DevopsEpisodeRecord, type DevopsGrade } from './grade-episode.js';
