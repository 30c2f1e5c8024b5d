-- Per-instance cost of protection, for the app page's row of each
-- instance: what each instance's heartbeats reported, summed by the
-- minute they were received in (Unix milliseconds, floored to the
-- minute), as metric_rollups does for the whole app.
--
-- calls, p50_ns and p99_ns are the engine time of the instance in that
-- minute: calls is the sum of its hook points' calls; p50_ns and p99_ns
-- are the call-weighted means of the hook points' p50 and p99 (see
-- EngineTiming in rollup.go, the one definition; the upsert in
-- accumulator.flush merges the same way).
--
-- app_id repeats the instance's app so that "the rows of app X since
-- minute M" is one index range (instance_rollups_app_minute). Rows go
-- with their instance (and so with their app: instances cascade).

CREATE TABLE instance_rollups (
    instance_ref BIGINT NOT NULL REFERENCES instances(id) ON DELETE CASCADE,
    minute BIGINT NOT NULL,
    app_id BIGINT NOT NULL,
    requests BIGINT NOT NULL DEFAULT 0,
    blocked BIGINT NOT NULL DEFAULT 0,
    budget_overruns BIGINT NOT NULL DEFAULT 0,
    panics BIGINT NOT NULL DEFAULT 0,
    events_dropped BIGINT NOT NULL DEFAULT 0,
    events BIGINT NOT NULL DEFAULT 0,
    calls BIGINT NOT NULL DEFAULT 0,
    p50_ns BIGINT NOT NULL DEFAULT 0,
    p99_ns BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (instance_ref, minute)
);
CREATE INDEX instance_rollups_app_minute ON instance_rollups (app_id, minute);
