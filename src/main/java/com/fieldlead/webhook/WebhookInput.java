package com.fieldlead.webhook;

import java.util.List;

/** The body of {@code POST /v1/webhooks} and {@code PATCH /v1/webhooks/{id}} (the patch leaves absent fields). */
record WebhookInput(String url, List<String> events, Boolean enabled, String description) {}
