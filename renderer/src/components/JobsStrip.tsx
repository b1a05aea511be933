import { useEffect } from 'react';
import { useJobs } from '../stores/jobs.js';
import { ProgressBar } from './ProgressBar.js';

/** Running and finished jobs of this session, at the bottom of every screen. */
export function JobsStrip() {
  const jobs = useJobs((s) => s.jobs);
  const running = jobs.some((j) => j.status === 'running');
  useEffect(() => {
    void useJobs.getState().refresh();
    const t = setInterval(() => void useJobs.getState().refresh(), running ? 500 : 3000);
    return () => clearInterval(t);
  }, [running]);
  const shown = jobs.slice(0, 2);
  return (
    <footer className="jobs" aria-label="Jobs">
      {shown.length === 0 ? <span className="muted">No jobs in this session.</span> : shown.map((j) => <ProgressBar key={j.id} job={j} compact />)}
    </footer>
  );
}
