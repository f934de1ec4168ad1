import type { NativeObservation } from '../../../src/contracts/observation.js';
import { offset } from '../lib/native.js';
import { score } from '../lib/format.js';

interface Props {
  obs: NativeObservation;
  totalReward: number;
  /** Rubric score so far (step metadata), when the server reports it. */
  scoreSoFar: number | null;
  done: boolean;
  sessionId?: string | null;
  /** Shown from a stored trajectory rather than live. */
  replay?: boolean;
}

function clock(label: string): string {
  const m = /T(\d\d:\d\d)(:\d\d)?Z?$/.exec(label);
  return m ? `${m[1]} UTC` : label;
}

/** The incident being worked: title, goal, the simulated clock and the step budget. */
export function IncidentHeader({ obs, totalReward, scoreSoFar, done, sessionId, replay }: Props) {
  const { incident } = obs;
  return (
    <section class="incident panel" aria-labelledby="incident-title">
      <div class="incident-top">
        <p class="incident-id mono">{incident.id}</p>
        <h2 id="incident-title" tabIndex={-1}>
          {incident.title}
        </h2>
        {done ? <span class="badge">Episode over</span> : replay ? <span class="badge">Replay</span> : <span class="badge live">Live</span>}
      </div>
      <p class="goal">
        <strong>Goal:</strong> {incident.goal}
      </p>
      <dl class="clock" aria-label="Simulated clock and budget">
        <div>
          <dt>Now</dt>
          <dd data-field="now">
            <time dateTime={incident.now}>{clock(incident.now)}</time> <span class="mono">({offset(incident.elapsed_minutes)})</span>
          </dd>
        </div>
        <div>
          <dt>Onset</dt>
          <dd>
            <time dateTime={incident.onset}>{clock(incident.onset)}</time>
          </dd>
        </div>
        <div>
          <dt>Step</dt>
          <dd data-field="step">
            {obs.step} / {obs.max_steps}
          </dd>
        </div>
        <div>
          <dt>Reward</dt>
          <dd data-field="reward">{score(totalReward)}</dd>
        </div>
        {scoreSoFar !== null ? (
          <div>
            <dt>Score so far</dt>
            <dd data-field="score-so-far">{score(scoreSoFar)}</dd>
          </div>
        ) : null}
        {sessionId ? (
          <div>
            <dt>Session</dt>
            <dd class="mono" data-field="session">
              {sessionId}
            </dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}
