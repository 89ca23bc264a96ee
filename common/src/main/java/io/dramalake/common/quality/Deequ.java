package io.dramalake.common.quality;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.VerificationSuite;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckLevel;
import com.amazon.deequ.checks.CheckResult;
import com.amazon.deequ.constraints.ConstraintResult;
import com.amazon.deequ.constraints.ConstraintStatus;
import com.amazon.deequ.metrics.Metric;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoublePredicate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Option;
import scala.collection.JavaConverters;
import scala.runtime.AbstractFunction1;

/**
 * The one place where Java meets Deequ's Scala API: options, sequences, functions and default
 * arguments are converted here so check definitions read like plain Java.
 */
public final class Deequ {

    private Deequ() {
    }

    /** A named check of one severity; each constraint method returns a new builder (the check is immutable). */
    public static CheckBuilder check(Severity severity, String description) {
        return new CheckBuilder(severity, new Check(
            severity == Severity.ERROR ? CheckLevel.Error() : CheckLevel.Warning(), description,
            JavaConverters.asScalaBuffer(new ArrayList<com.amazon.deequ.constraints.Constraint>()).toSeq()));
    }

    public static final class CheckBuilder {
        private final Severity severity;
        private final Check check;

        private CheckBuilder(Severity severity, Check check) {
            this.severity = severity;
            this.check = check;
        }

        private CheckBuilder with(Check next) {
            return new CheckBuilder(severity, next);
        }

        public CheckBuilder isComplete(String column) {
            return with(check.isComplete(column, Option.empty(), Option.empty()));
        }

        /** The columns together identify a row: no two rows share their values. */
        public CheckBuilder isUnique(String... columns) {
            return with(check.hasUniqueness(seq(columns), assertion(v -> v == 1.0)));
        }

        public CheckBuilder isNonNegative(String column) {
            return with(check.isNonNegative(column, Check.IsOne(), Option.empty()));
        }

        /** Every non-null value is one of {@code allowed}. */
        public CheckBuilder isContainedIn(String column, Iterable<String> allowed) {
            List<String> values = new ArrayList<>();
            allowed.forEach(values::add);
            return with(check.isContainedIn(column, values.toArray(new String[0]), Check.IsOne(), Option.empty()));
        }

        /** Every row satisfies the SQL predicate. */
        public CheckBuilder satisfies(String predicate, String name) {
            return with(check.satisfies(predicate, name, Check.IsOne(), Option.empty(),
                check.satisfies$default$5(), Option.empty()));
        }

        /** The share of rows that satisfy the predicate meets the assertion (for warnings with a tolerance). */
        public CheckBuilder satisfiesForShare(String predicate, String name, DoublePredicate share) {
            return with(check.satisfies(predicate, name, assertion(share), Option.empty(),
                check.satisfies$default$5(), Option.empty()));
        }

        Severity severity() {
            return severity;
        }

        Check build() {
            return check;
        }
    }

    /** Runs the checks in one verification over {@code data} and flattens every constraint's verdict. */
    public static List<ConstraintOutcome> verify(String table, Dataset<Row> data, List<CheckBuilder> checks) {
        List<Check> built = new ArrayList<>();
        checks.forEach(c -> built.add(c.build()));
        VerificationResult result = VerificationSuite.apply().onData(data)
            .addChecks(JavaConverters.asScalaBuffer(built).toSeq()).run();
        List<ConstraintOutcome> outcomes = new ArrayList<>();
        for (CheckBuilder builder : checks) {
            CheckResult checkResult = result.checkResults().get(builder.build()).get();
            for (ConstraintResult cr : JavaConverters.seqAsJavaList(checkResult.constraintResults())) {
                Metric<?> metric = cr.metric().isDefined() ? cr.metric().get() : null;
                Double value = null;
                if (metric != null && metric.value().isSuccess() && metric.value().get() instanceof Number n) {
                    value = n.doubleValue();
                }
                outcomes.add(new ConstraintOutcome(table, builder.build().description(), builder.severity(),
                    cr.constraint().toString(), cr.status() == ConstraintStatus.Success(),
                    cr.message().isDefined() ? cr.message().get() : null,
                    metric == null ? null : metric.name(), metric == null ? null : metric.instance(), value));
            }
        }
        return outcomes;
    }

    private static scala.collection.Seq<String> seq(String... values) {
        return JavaConverters.asScalaBuffer(Arrays.asList(values)).toSeq();
    }

    private static scala.Function1<Object, Object> assertion(DoublePredicate predicate) {
        return new Assertion(predicate);
    }

    /** Deequ assertions are Scala functions that Spark may serialize. */
    private static final class Assertion extends AbstractFunction1<Object, Object> implements Serializable {
        private final SerializablePredicate predicate;

        Assertion(DoublePredicate predicate) {
            this.predicate = predicate::test;
        }

        @Override
        public Object apply(Object value) {
            return predicate.test(((Number) value).doubleValue());
        }
    }

    private interface SerializablePredicate extends Serializable {
        boolean test(double value);
    }
}
