package dev.scimserverless.core.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.filter.CompareOp;
import dev.scimserverless.core.filter.Filter;
import dev.scimserverless.core.filter.FilterVisitor;
import dev.scimserverless.core.filter.PatchPath;
import dev.scimserverless.core.patch.PatchOperation;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.schema.AttributePath;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Splits a Group PATCH into operations on the group's own attributes (for the PATCH engine) and
 * membership changes (for the membership store), in request order. Accepts the IdP forms: {@code
 * add members [...]}, {@code remove members[value eq "id"]} (Okta), {@code Remove members} with a
 * value array (Entra), {@code replace members} (with {@code []} to clear), and {@code members}
 * inside a no-path add or replace.
 */
record GroupPatchPlan(List<PatchOperation> attributeOperations, List<MemberChange> memberChanges) {

  static GroupPatchPlan of(List<PatchOperation> operations) {
    List<PatchOperation> attributes = new ArrayList<>();
    List<MemberChange> members = new ArrayList<>();
    for (PatchOperation op : operations) {
      if (op.path().isPresent()) {
        PatchPath path = op.path().get();
        if (isMembers(path.attribute())) {
          members.add(memberChange(op, path));
        } else {
          attributes.add(op);
        }
        continue;
      }
      if (!op.value().isObject()) {
        throw ScimException.invalidValue("A PATCH operation without path needs an object value.");
      }
      ObjectNode value = ((ObjectNode) op.value()).deepCopy();
      JsonNode memberValue = null;
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (Members.isMembersKey(field.getKey())) {
          memberValue = field.getValue();
          it.remove();
        }
      }
      if (memberValue != null) {
        List<String> ids = Members.ids(memberValue);
        members.add(
            op.op() == PatchOperation.Op.REPLACE
                ? new MemberChange.ReplaceAll(ids)
                : new MemberChange.Add(ids));
      }
      if (!value.isEmpty()) {
        attributes.add(new PatchOperation(op.op(), Optional.empty(), value));
      }
    }
    return new GroupPatchPlan(List.copyOf(attributes), List.copyOf(members));
  }

  private static boolean isMembers(AttributePath path) {
    return path.attribute().equalsIgnoreCase("members")
        && (path.schemaUrn() == null
            || path.schemaUrn().equalsIgnoreCase(ResourceType.GROUP.schema()));
  }

  private static MemberChange memberChange(PatchOperation op, PatchPath path) {
    boolean sub = path.subAttribute().isPresent() || path.attribute().subAttribute() != null;
    switch (op.op()) {
      case ADD:
        if (path.valueFilter().isPresent() || sub) {
          throw ScimException.invalidPath(
              "Add members with path 'members' and a value array of {\"value\": id}.");
        }
        return new MemberChange.Add(Members.ids(op.value()));
      case REPLACE:
        if (path.valueFilter().isPresent() || sub) {
          throw ScimException.invalidPath(
              "Members are replaced as a whole: path 'members' with a value array.");
        }
        return new MemberChange.ReplaceAll(Members.ids(op.value()));
      default:
        if (sub) {
          throw ScimException.invalidPath("Member sub-attributes cannot be removed.");
        }
        if (path.valueFilter().isPresent()) {
          Optional<List<String>> ids = valueEqualities(path.valueFilter().get());
          return ids.<MemberChange>map(MemberChange.Remove::new)
              .orElseGet(() -> new MemberChange.RemoveMatching(path.valueFilter().get()));
        }
        if (op.value() != null && !op.value().isNull()) {
          return new MemberChange.Remove(Members.ids(op.value()));
        }
        return new MemberChange.RemoveAll();
    }
  }

  /** {@code value eq "a"} or an {@code or} of such: the ids; anything else: empty. */
  static Optional<List<String>> valueEqualities(Filter filter) {
    Set<String> ids = new LinkedHashSet<>();
    return collect(filter, ids) ? Optional.of(List.copyOf(ids)) : Optional.empty();
  }

  private static boolean collect(Filter filter, Set<String> ids) {
    return filter.accept(
        new FilterVisitor<Boolean>() {
          @Override
          public Boolean visitOr(Filter.Or or) {
            return or.left().accept(this) && or.right().accept(this);
          }

          @Override
          public Boolean visitComparison(Filter.Comparison c) {
            if (c.op() == CompareOp.EQ
                && c.path().attribute().equalsIgnoreCase("value")
                && c.path().subAttribute() == null
                && c.value().isTextual()) {
              ids.add(c.value().asText());
              return true;
            }
            return false;
          }

          @Override
          public Boolean visitAnd(Filter.And and) {
            return false;
          }

          @Override
          public Boolean visitNot(Filter.Not not) {
            return false;
          }

          @Override
          public Boolean visitPresent(Filter.Present present) {
            return false;
          }

          @Override
          public Boolean visitValuePath(Filter.ValuePath valuePath) {
            return false;
          }
        });
  }
}
