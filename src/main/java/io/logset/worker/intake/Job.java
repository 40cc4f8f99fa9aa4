package io.logset.worker.intake;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A job as producers publish it: {@code {key, index, mode, option}}.
 *
 * @param key      the producer's name for the job, such as a cron entry; {@code ""} when it could not be read
 * @param index    the run number of the job under its key; {@code 0} when it could not be read
 * @param mode     how to run it, such as {@code HTTP}; {@code ""} when it could not be read
 * @param option   the mode's parameters, any value; a {@code MissingNode} when absent
 * @param encoding how the job arrived, which is also how a reply is encoded
 */
public record Job(String key, long index, String mode, JsonNode option, Encoding encoding) {
}
