/**
 * The error model every feature shares: {@link com.fieldlead.problem.ProblemException} (a stackless failure that
 * becomes a problem+json answer), the one documented list of {@link com.fieldlead.problem.ErrorCode}s and
 * {@link com.fieldlead.problem.FieldError}. Domain code throws these without depending on the HTTP layer; only
 * {@code http/FailureHandler} turns them into responses.
 *
 * <p>{@code @NullMarked}: nothing here is null unless marked {@code @Nullable} (a problem's detail may be, when it
 * comes from an exception's message).
 */
@NullMarked
package com.fieldlead.problem;

import org.jspecify.annotations.NullMarked;
