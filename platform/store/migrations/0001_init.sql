-- The first schema. Macros: {{id}} is an auto-increment primary key,
-- {{blob}} a byte string. Times are Unix milliseconds.

CREATE TABLE apps (
    id {{id}},
    name TEXT NOT NULL UNIQUE,
    token_hash TEXT NOT NULL UNIQUE,
    token_hint TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    command_seq BIGINT NOT NULL DEFAULT 0,
    heartbeat_interval_ms BIGINT NOT NULL DEFAULT 20000,
    mode TEXT NOT NULL DEFAULT 'block',
    budget_us BIGINT NOT NULL DEFAULT 2000,
    headers_json TEXT NOT NULL DEFAULT '{}',
    csp TEXT NOT NULL DEFAULT '',
    csp_report_only BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE instances (
    id {{id}},
    app_id BIGINT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    instance_id TEXT NOT NULL,
    host TEXT NOT NULL DEFAULT '',
    pid BIGINT NOT NULL DEFAULT 0,
    go_version TEXT NOT NULL DEFAULT '',
    agent_version TEXT NOT NULL DEFAULT '',
    main_module TEXT NOT NULL DEFAULT '',
    rules_version TEXT NOT NULL DEFAULT '',
    dependencies_json TEXT NOT NULL DEFAULT '[]',
    sites_json TEXT NOT NULL DEFAULT '[]',
    started_at BIGINT NOT NULL DEFAULT 0,
    login_at BIGINT NOT NULL,
    last_heartbeat_at BIGINT NOT NULL DEFAULT 0,
    logout_at BIGINT NOT NULL DEFAULT 0,
    cursor BIGINT NOT NULL DEFAULT 0,
    UNIQUE (app_id, instance_id)
);

CREATE TABLE batches (
    instance_ref BIGINT NOT NULL REFERENCES instances(id) ON DELETE CASCADE,
    batch_id TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    events BIGINT NOT NULL,
    PRIMARY KEY (instance_ref, batch_id)
);
CREATE INDEX batches_received ON batches (received_at);

CREATE TABLE events (
    id {{id}},
    app_id BIGINT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    instance_ref BIGINT NOT NULL,
    batch_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    time BIGINT NOT NULL,
    received_at BIGINT NOT NULL,
    rule_id TEXT NOT NULL DEFAULT '',
    hook_point TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL DEFAULT '',
    severity TEXT NOT NULL DEFAULT '',
    client_ip TEXT NOT NULL DEFAULT '',
    user_name TEXT NOT NULL DEFAULT '',
    method TEXT NOT NULL DEFAULT '',
    path TEXT NOT NULL DEFAULT '',
    route TEXT NOT NULL DEFAULT '',
    status BIGINT NOT NULL DEFAULT 0,
    success BOOLEAN NOT NULL DEFAULT FALSE,
    name TEXT NOT NULL DEFAULT '',
    detail_json TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX events_app_time ON events (app_id, time);
CREATE INDEX events_app_ip_time ON events (app_id, client_ip, time);
CREATE INDEX events_time ON events (time);

CREATE TABLE metric_rollups (
    app_id BIGINT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    minute BIGINT NOT NULL,
    requests BIGINT NOT NULL DEFAULT 0,
    blocked BIGINT NOT NULL DEFAULT 0,
    budget_overruns BIGINT NOT NULL DEFAULT 0,
    panics BIGINT NOT NULL DEFAULT 0,
    events_dropped BIGINT NOT NULL DEFAULT 0,
    events BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (app_id, minute)
);

CREATE TABLE hook_rollups (
    app_id BIGINT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    minute BIGINT NOT NULL,
    hook_point TEXT NOT NULL,
    calls BIGINT NOT NULL DEFAULT 0,
    p50_ns BIGINT NOT NULL DEFAULT 0,
    p99_ns BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (app_id, minute, hook_point)
);

CREATE TABLE ip_rollups (
    app_id BIGINT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    minute BIGINT NOT NULL,
    ip TEXT NOT NULL,
    not_found BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (app_id, minute, ip)
);

CREATE TABLE rulesets (
    id {{id}},
    app_id BIGINT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    version BIGINT NOT NULL,
    files_json TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    UNIQUE (app_id, version)
);

CREATE TABLE commands (
    app_id BIGINT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    kind TEXT NOT NULL,
    payload {{blob}} NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (app_id, seq)
);

CREATE TABLE blocks (
    id {{id}},
    app_id BIGINT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL DEFAULT 0,
    revoked_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX blocks_app ON blocks (app_id, kind, value);

CREATE TABLE playbooks (
    id {{id}},
    name TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL,
    condition TEXT NOT NULL,
    action TEXT NOT NULL,
    duration_ms BIGINT NOT NULL DEFAULT 0,
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    builtin BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE playbook_firings (
    id {{id}},
    playbook_id BIGINT NOT NULL REFERENCES playbooks(id) ON DELETE CASCADE,
    app_id BIGINT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    subject TEXT NOT NULL,
    fired_at BIGINT NOT NULL,
    action TEXT NOT NULL,
    block_id BIGINT NOT NULL DEFAULT 0,
    evidence_json TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX playbook_firings_app ON playbook_firings (app_id, fired_at);

CREATE TABLE users (
    id {{id}},
    name TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    disabled BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE api_tokens (
    id {{id}},
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    last_used_at BIGINT NOT NULL DEFAULT 0,
    revoked_at BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE audit_log (
    id {{id}},
    time BIGINT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_time ON audit_log (time);

CREATE TABLE webhooks (
    id {{id}},
    app_id BIGINT NOT NULL DEFAULT 0,
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    events TEXT NOT NULL DEFAULT 'attack,firing',
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL
);

CREATE TABLE webhook_deliveries (
    id {{id}},
    webhook_id BIGINT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
    event_type TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    attempts BIGINT NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    delivered_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);

CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
