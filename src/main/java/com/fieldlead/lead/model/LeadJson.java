package com.fieldlead.lead.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.ResolvableDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A {@link Lead} as one flat JSON object, its groups' fields at the top level under their own names, in
 * {@link LeadComponents#names()} order, null fields left out: the shape the lead had as a flat record, and the one
 * every mapper (the API's, the store's, the sync view's) writes and reads. Values are written and read by the mapper's
 * own serializers and deserializers for their types, so instants, decimals and the nested records come out as they
 * did; an unknown field fails or is skipped as the mapper's {@code FAIL_ON_UNKNOWN_PROPERTIES} says.
 */
public final class LeadJson {

  private LeadJson() {}

  /** Writes a lead flat; a subclass may leave some fields out (the sync view). */
  public static class Writer extends StdSerializer<Lead> {

    private final boolean[] leftOut = new boolean[LeadComponents.count()];

    /** Every field. */
    public Writer() {
      this(List.of());
    }

    /** Every field but {@code omit}. */
    protected Writer(Collection<String> omit) {
      super(Lead.class);
      for (String name : omit) {
        int at = LeadComponents.position(name);
        if (at < 0) {
          throw new IllegalArgumentException(name + " is not a lead field");
        }
        leftOut[at] = true;
      }
    }

    @Override
    public void serialize(Lead lead, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      Object[] values = LeadComponents.values(lead);
      gen.writeStartObject(lead);
      for (int i = 0; i < values.length; i++) {
        if (values[i] != null && !leftOut[i]) {
          gen.writeFieldName(LeadComponents.name(i));
          provider.defaultSerializeValue(values[i], gen);
        }
      }
      gen.writeEndObject();
    }
  }

  /** Reads a flat lead into its groups. */
  public static final class Reader extends StdDeserializer<Lead> implements ResolvableDeserializer {

    private final JsonDeserializer<?>[] fields = new JsonDeserializer<?>[LeadComponents.count()];

    public Reader() {
      super(Lead.class);
    }

    @Override
    public void resolve(DeserializationContext ctxt) throws JsonMappingException {
      for (int i = 0; i < fields.length; i++) {
        fields[i] = ctxt.findRootValueDeserializer(ctxt.constructType(LeadComponents.type(i)));
      }
    }

    @Override
    public Lead deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonToken t = p.currentToken();
      if (t == JsonToken.START_OBJECT) {
        t = p.nextToken();
      } else if (t != JsonToken.FIELD_NAME && t != JsonToken.END_OBJECT) {
        return (Lead) ctxt.handleUnexpectedToken(Lead.class, p);
      }
      Object[] values = new Object[fields.length];
      for (; t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        String name = p.currentName();
        p.nextToken();
        int at = LeadComponents.position(name);
        if (at < 0) {
          ctxt.handleUnknownProperty(p, this, Lead.class, name);
          continue;
        }
        try {
          values[at] = p.currentToken() == JsonToken.VALUE_NULL
              ? fields[at].getNullValue(ctxt)
              : fields[at].deserialize(p, ctxt);
        } catch (JsonMappingException e) {
          throw JsonMappingException.wrapWithPath(e, Lead.class, name);
        }
      }
      for (int at = 0; at < values.length; at++) {
        if (values[at] == null && LeadComponents.primitive(at)) {
          // as for a missing creator property: zero, or a failure under FAIL_ON_NULL_FOR_PRIMITIVES
          try {
            values[at] = fields[at].getNullValue(ctxt);
          } catch (JsonMappingException e) {
            throw JsonMappingException.wrapWithPath(e, Lead.class, LeadComponents.name(at));
          }
        }
      }
      return LeadComponents.of(values);
    }

    @Override
    public Collection<Object> getKnownPropertyNames() {
      return new ArrayList<>(LeadComponents.names());
    }
  }
}
