"""Background jobs: records of each job in the store and the runner that does them (writing
jobs one at a time, read-only jobs beside them, progress for whoever watches)."""

from jobs.records import JobError, JobState, JobSummary, JobView
from jobs.runner import JobFn, JobRunner, JobStopped

__all__ = ["JobError", "JobFn", "JobRunner", "JobState", "JobStopped", "JobSummary", "JobView"]
