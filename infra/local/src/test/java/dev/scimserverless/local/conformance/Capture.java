package dev.scimserverless.local.conformance;

/**
 * A Runscope variable set from a response, for the templates of later steps.
 *
 * @param name the variable name
 * @param source where the value comes from
 * @param property the path into the JSON body, null for other sources
 */
public record Capture(String name, Source source, String property) {}
