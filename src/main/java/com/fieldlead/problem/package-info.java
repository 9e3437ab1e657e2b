/**
 * The error model every feature shares: {@link com.fieldlead.problem.ProblemException} (a stackless failure that
 * becomes a problem+json answer), the one documented list of {@link com.fieldlead.problem.ErrorCode}s and
 * {@link com.fieldlead.problem.FieldError}. Domain code throws these without depending on the HTTP layer; only
 * {@code http/FailureHandler} turns them into responses.
 */
package com.fieldlead.problem;
