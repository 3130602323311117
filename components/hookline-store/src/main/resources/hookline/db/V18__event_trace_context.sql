-- The W3C trace context an event came with (traceparent, and the vendors' tracestate), kept with the event so that its
-- delivery, later and maybe on another node, can link to the event's trace. NULL for events that came without one.
ALTER TABLE stored_event ADD COLUMN traceparent VARCHAR(55);
ALTER TABLE stored_event ADD COLUMN tracestate VARCHAR(512);
