package io.logset.worker.results;

import com.fasterxml.jackson.databind.JsonNode;
import io.logset.worker.execution.Execution;
import io.logset.worker.execution.SensitiveHeaders;
import io.logset.worker.intake.Job;

import java.time.Instant;

/** Builds the {@link JobResult} of a job from what its execution produced. */
public final class ResultBuilder {

    private final String node;
    private final SensitiveHeaders redacted;

    /** Creates a builder that stores the job's headers as they are. */
    public ResultBuilder(String node) {
        this(node, null);
    }

    /** @param redacted headers whose values are stored as {@value SensitiveHeaders#REDACTED}; {@code null} for none */
    public ResultBuilder(String node, SensitiveHeaders redacted) {
        this.node = node;
        this.redacted = redacted;
    }

    /** Builds the result; the job's {@code option} gives method, URL, headers and body as far as they were read. */
    public JobResult build(Job job, Execution execution, String subject, Instant finishedAt) {
        JsonNode option = job.option();
        ResultMetadata metadata = new ResultMetadata(job.key(), job.index(), job.mode(),
                text(option, "method"), text(option, "url"));
        ResultError error = execution.failed()
                ? new ResultError(execution.failure().type().label(), execution.failure().getMessage())
                : null;

        JsonNode headers = redacted == null ? value(option, "headers") : redacted.redact(value(option, "headers"));
        return new JobResult(finishedAt, metadata, headers, value(option, "body"),
                execution.response(), error, subject, node, execution.duration().toMillis(), execution.attempts());
    }

    private static String text(JsonNode option, String field) {
        JsonNode value = option.path(field);
        return value.isTextual() ? value.textValue() : "";
    }

    private static JsonNode value(JsonNode option, String field) {
        JsonNode value = option.path(field);
        return value.isMissingNode() ? null : value;
    }
}
