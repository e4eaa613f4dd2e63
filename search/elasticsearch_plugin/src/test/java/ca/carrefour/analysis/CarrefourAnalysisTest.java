package ca.carrefour.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.AnalyzerFactory;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;
import org.junit.jupiter.api.Test;

/**
 * Checks the plugin metadata against the code and the analysis chains in
 * plain Lucene (no Elasticsearch node needed).
 */
class CarrefourAnalysisTest {

    private static final Path METADATA = Path.of(System.getProperty("carrefour.metadata.dir", "target/plugin-metadata"));

    // ---- metadata ----------------------------------------------------------

    /** named_components.json: {interface: {name: class}}, parsed with a regex (flat two-level JSON). */
    private static Map<String, Map<String, String>> namedComponents() throws IOException {
        String json = Files.readString(METADATA.resolve("named_components.json"), StandardCharsets.UTF_8);
        Map<String, Map<String, String>> result = new LinkedHashMap<>();
        Matcher group = Pattern.compile("\"([\\w.]+)\"\\s*:\\s*\\{([^}]*)}").matcher(json);
        while (group.find()) {
            Map<String, String> components = new LinkedHashMap<>();
            Matcher entry = Pattern.compile("\"([\\w.]+)\"\\s*:\\s*\"([\\w.]+)\"").matcher(group.group(2));
            while (entry.find()) {
                components.put(entry.group(1), entry.group(2));
            }
            result.put(group.group(1), components);
        }
        return result;
    }

    @Test
    void namedComponentsMatchTheCode() throws Exception {
        Map<String, Map<String, String>> components = namedComponents();
        assertEquals(
            Set.of("org.elasticsearch.plugin.analysis.TokenFilterFactory", "org.elasticsearch.plugin.analysis.AnalyzerFactory"),
            components.keySet()
        );
        int count = 0;
        for (Map.Entry<String, Map<String, String>> group : components.entrySet()) {
            Class<?> extensible = Class.forName(group.getKey());
            for (Map.Entry<String, String> component : group.getValue().entrySet()) {
                Class<?> implementation = Class.forName(component.getValue());
                assertTrue(extensible.isAssignableFrom(implementation), implementation + " must implement " + extensible);
                assertTrue(Modifier.isPublic(implementation.getModifiers()), implementation + " must be public");
                assertEquals(1, implementation.getConstructors().length, implementation + " needs exactly one public constructor");
                NamedComponent annotation = implementation.getAnnotation(NamedComponent.class);
                assertNotNull(annotation, implementation + " lacks @NamedComponent");
                assertEquals(component.getKey(), annotation.value());
                assertTrue(component.getKey().startsWith("carrefour_"), component.getKey());
                count++;
            }
        }
        assertEquals(11, count);
    }

    @Test
    void stableDescriptorHasOnlyKnownKeys() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(METADATA.resolve("stable-plugin-descriptor.properties"))) {
            properties.load(in);
        }
        assertEquals(
            Set.of("name", "description", "version", "elasticsearch.version", "java.version", "modular"),
            properties.stringPropertyNames()
        );
        assertEquals("carrefour-analysis", properties.getProperty("name"));
        assertTrue(properties.getProperty("elasticsearch.version").matches("\\d+\\.\\d+\\.\\d+"), "filtered es.version");
    }

    // ---- analysis ----------------------------------------------------------

    private static List<String> tokens(TokenStream stream) throws IOException {
        List<String> tokens = new ArrayList<>();
        try (stream) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                tokens.add(term.toString());
            }
            stream.end();
        }
        return tokens;
    }

    private static List<String> analyze(Analyzer analyzer, String text) throws IOException {
        try (analyzer) {
            return tokens(analyzer.tokenStream("field", text));
        }
    }

    private static List<String> chain(String text, TokenFilterFactory... filters) throws IOException {
        Tokenizer tokenizer = new StandardTokenizer();
        tokenizer.setReader(new java.io.StringReader(text));
        TokenStream stream = tokenizer;
        for (TokenFilterFactory filter : filters) {
            stream = filter.create(stream);
        }
        return tokens(stream);
    }

    private static TokenFilterFactory[] frenchChain() {
        return new TokenFilterFactory[] {
            new FrenchElisionTokenFilterFactory(),
            new LowercaseTokenFilterFactory(),
            new AsciiFoldingTokenFilterFactory(),
            new FrenchStopTokenFilterFactory(),
            new FrenchStemTokenFilterFactory() };
    }

    @Test
    void frenchAnalyzer() throws IOException {
        AnalyzerFactory factory = new FrenchAnalyzerFactory();
        assertEquals("carrefour_french", factory.name());
        assertEquals(List.of("nid", "poul"), analyze(factory.create(), "les nids-de-poule"));
        assertEquals(
            List.of("evalu", "agent", "conversation"),
            analyze(factory.create(), "L'Évaluation des agents conversationnels")
        );
        // Same stem for the verb, so "évaluer" finds "évaluation".
        assertEquals(List.of("evalu"), analyze(factory.create(), "Évaluer"));
        // Typographic apostrophe, folded stop word ("à" then "a").
        assertEquals(List.of("ecol", "ete"), analyze(factory.create(), "Jusqu’à l’école, l'été"));
    }

    @Test
    void frenchFilterChainMatchesAnalyzer() throws IOException {
        String text = "L'Évaluation des agents conversationnels à Montréal";
        assertEquals(analyze(new FrenchAnalyzerFactory().create(), text), chain(text, frenchChain()));
    }

    @Test
    void englishAnalyzer() throws IOException {
        assertEquals(
            List.of("agent", "evalu", "cafe"),
            analyze(new EnglishAnalyzerFactory().create(), "The agent's evaluations at the Café")
        );
        String text = "The agent's evaluations";
        assertEquals(
            analyze(new EnglishAnalyzerFactory().create(), text),
            chain(
                text,
                new EnglishPossessiveTokenFilterFactory(),
                new LowercaseTokenFilterFactory(),
                new AsciiFoldingTokenFilterFactory(),
                new EnglishStopTokenFilterFactory(),
                new EnglishStemTokenFilterFactory()
            )
        );
    }

    @Test
    void normalizationKeepsWholeTerm() throws IOException {
        try (Analyzer analyzer = new FrenchAnalyzerFactory().create()) {
            assertEquals("evaluations", analyzer.normalize("field", "L'Évaluations").utf8ToString());
        }
    }

    private static EdgeNGramTokenFilterFactory.EdgeNGramSettings edgeSettings(int min, int max) {
        return new EdgeNGramTokenFilterFactory.EdgeNGramSettings() {
            @Override
            public int minGram() {
                return min;
            }

            @Override
            public int maxGram() {
                return max;
            }

            @Override
            public boolean preserveOriginal() {
                return false;
            }
        };
    }

    @Test
    void edgeNGram() throws IOException {
        assertEquals(
            List.of("ec", "eco", "ecol", "ecole"),
            chain("École", new LowercaseTokenFilterFactory(), new AsciiFoldingTokenFilterFactory(),
                new EdgeNGramTokenFilterFactory(edgeSettings(2, 20)))
        );
        assertEquals(List.of("ab", "abc"), chain("abcdef", new EdgeNGramTokenFilterFactory(edgeSettings(2, 3))));
        assertThrows(IllegalArgumentException.class, () -> new EdgeNGramTokenFilterFactory(edgeSettings(3, 2)));
    }
}
