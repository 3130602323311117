package dev.hookline.benchmarks;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * What a team would write by hand instead of Hookline: a JMS consumer, Camel's aggregator with the stock
 * {@link JdbcAggregationRepository} on an H2 file (committing as Hookline's does, WRITE_DELAY=0), and an HTTP POST of each batch
 * as a JSON array. Runs in the benchmark's own process.
 */
final class StockCamelRoute implements AutoCloseable {

    static final String QUEUE = "hookline.bench.stock";

    private final DefaultCamelContext context = new DefaultCamelContext();
    private final ActiveMQConnectionFactory factory;

    StockCamelRoute(String brokerUrl, String target, int batchSize, Path h2Dir) throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + h2Dir.toAbsolutePath() + "/stock;WRITE_DELAY=0");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String table : new String[] { "aggregation", "aggregation_completed" }) {
                s.execute("CREATE TABLE IF NOT EXISTS " + table + " (id VARCHAR(255) NOT NULL PRIMARY KEY, "
                        + "exchange BLOB NOT NULL, version BIGINT NOT NULL)");
            }
        }
        JdbcAggregationRepository repository =
                new JdbcAggregationRepository(new DataSourceTransactionManager(dataSource), "aggregation", dataSource);
        factory = new ActiveMQConnectionFactory(brokerUrl, ServerUnderTest.ADMIN.user(), ServerUnderTest.ADMIN.password());
        context.addComponent("jms", JmsComponent.jmsComponent(factory));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("jms:queue:" + QUEUE)
                        .aggregate(constant("all"), joinAsJsonArray())
                            .aggregationRepository(repository)
                            .completionSize(batchSize)
                            .completionTimeout(30_000)
                            .setBody(simple("[${body}]"))
                            .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                            .setHeader("X-Hookline-Event-Count", exchangeProperty(Exchange.AGGREGATED_SIZE))
                            .to(target);
            }
        });
        context.start();
    }

    /** The usual hand-written strategy: append each message's text to the aggregate's body. */
    private static AggregationStrategy joinAsJsonArray() {
        return (oldExchange, newExchange) -> {
            if (oldExchange == null) {
                return newExchange;
            }
            oldExchange.getMessage().setBody(oldExchange.getMessage().getBody(String.class) + ","
                    + newExchange.getMessage().getBody(String.class));
            return oldExchange;
        };
    }

    @Override
    public void close() throws Exception {
        context.stop();
        factory.close();
    }
}
