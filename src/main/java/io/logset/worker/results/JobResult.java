package io.logset.worker.results;

import com.fasterxml.jackson.databind.JsonNode;
import io.logset.worker.execution.CallbackResponse;

import java.time.Instant;

/**
 * One finished job, as published to the result stream and sent to a reply subject.
 *
 * @param timestamp      when the job finished
 * @param metadata       the job's identity
 * @param headers        the job's request headers as it sent them; {@code null} when it had none
 * @param body           the job's request body as it sent it; {@code null} when it had none
 * @param response       the target's answer; {@code null} when the job failed
 * @param error          why the job failed; {@code null} when it succeeded
 * @param subject        the subject the job arrived on; {@code null} to leave it out
 * @param node           the worker node that ran the job; {@code null} to leave it out
 * @param durationMillis time the job ran; {@code null} to leave it out
 * @param attempts       callbacks sent; {@code null} to leave it out
 */
public record JobResult(
        Instant timestamp,
        ResultMetadata metadata,
        JsonNode headers,
        JsonNode body,
        CallbackResponse response,
        ResultError error,
        String subject,
        String node,
        Long durationMillis,
        Integer attempts) {

    public boolean failed() {
        return error != null;
    }
}
