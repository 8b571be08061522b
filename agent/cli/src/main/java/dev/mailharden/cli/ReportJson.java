package dev.mailharden.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;

/** The one JSON shape of every command's --json output: indented, Optional as its value. */
final class ReportJson {

  private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new Jdk8Module())
      .enable(SerializationFeature.INDENT_OUTPUT);

  private ReportJson() {}

  static String text(Object document) throws JsonProcessingException {
    return MAPPER.writeValueAsString(document);
  }

  static byte[] bytes(Object document) throws JsonProcessingException {
    return MAPPER.writeValueAsBytes(document);
  }
}
