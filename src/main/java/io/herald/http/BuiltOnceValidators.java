package io.herald.http;

import io.vertx.core.file.FileSystem;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIVersion;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Path;
import io.vertx.openapi.contract.SecurityRequirement;
import io.vertx.openapi.contract.SecurityScheme;
import io.vertx.openapi.contract.Server;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The contract as vertx-openapi's request validator sees it, with one change: the schema repository keeps the
 * validator it builds for each schema of the contract (a body, a parameter) instead of building it anew on every
 * request. A validator holds nothing but its schema, so one serves every request; the contract's schemas are fixed
 * objects, so the cache is keyed by identity and never grows past their number.
 */
final class BuiltOnceValidators implements OpenAPIContract {

  private final OpenAPIContract contract;
  private final SchemaRepository repository;

  private BuiltOnceValidators(OpenAPIContract contract) {
    this.contract = contract;
    this.repository = new Repository(contract.getSchemaRepository());
  }

  static OpenAPIContract of(OpenAPIContract contract) {
    return new BuiltOnceValidators(contract);
  }

  @Override
  public SchemaRepository getSchemaRepository() {
    return repository;
  }

  @Override
  public Operation operation(String operationId) {
    return contract.operation(operationId);
  }

  @Override
  public List<Operation> operations() {
    return contract.operations();
  }

  @Override
  public List<Path> getPaths() {
    return contract.getPaths();
  }

  @Override
  public JsonObject getRawContract() {
    return contract.getRawContract();
  }

  @Override
  public OpenAPIVersion getVersion() {
    return contract.getVersion();
  }

  @Override
  public List<Server> getServers() {
    return contract.getServers();
  }

  @Override
  public Path findPath(String urlPath) {
    return contract.findPath(urlPath);
  }

  @Override
  public Operation findOperation(String urlPath, HttpMethod method) {
    return contract.findOperation(urlPath, method);
  }

  @Override
  public List<SecurityRequirement> getSecurityRequirements() {
    return contract.getSecurityRequirements();
  }

  @Override
  public SecurityScheme securityScheme(String name) {
    return contract.securityScheme(name);
  }

  /** Validation runs on worker threads (vertx-openapi's choice), hence the synchronized map. */
  private static final class Repository implements SchemaRepository {

    private final SchemaRepository schemas;
    private final Map<JsonSchema, Validator> validators = Collections.synchronizedMap(new IdentityHashMap<>());

    Repository(SchemaRepository schemas) {
      this.schemas = schemas;
    }

    @Override
    public Validator validator(JsonSchema schema) {
      return validators.computeIfAbsent(schema, schemas::validator);
    }

    @Override
    public SchemaRepository dereference(JsonSchema schema) {
      schemas.dereference(schema);
      return this;
    }

    @Override
    public SchemaRepository dereference(String uri, JsonSchema schema) {
      schemas.dereference(uri, schema);
      return this;
    }

    @Override
    public SchemaRepository preloadMetaSchema(FileSystem fs) {
      schemas.preloadMetaSchema(fs);
      return this;
    }

    @Override
    public SchemaRepository preloadMetaSchema(FileSystem fs, Draft draft) {
      schemas.preloadMetaSchema(fs, draft);
      return this;
    }

    @Override
    public Validator validator(String ref) {
      return schemas.validator(ref);
    }

    @Override
    public Validator validator(String ref, JsonSchemaOptions options) {
      return schemas.validator(ref, options);
    }

    @Override
    public Validator validator(JsonSchema schema, JsonSchemaOptions options, boolean dereference) {
      return schemas.validator(schema, options, dereference);
    }

    @Override
    public JsonObject resolve(JsonObject schema) {
      return schemas.resolve(schema);
    }

    @Override
    public JsonSchema find(String pointer) {
      return schemas.find(pointer);
    }
  }
}
