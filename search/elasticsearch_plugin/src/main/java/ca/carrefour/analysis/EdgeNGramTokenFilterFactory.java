package ca.carrefour.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.elasticsearch.plugin.Inject;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;
import org.elasticsearch.plugin.settings.AnalysisSettings;
import org.elasticsearch.plugin.settings.BooleanSetting;
import org.elasticsearch.plugin.settings.IntSetting;

/**
 * Edge n-grams for autocomplete ("evaluation" gives "ev", "eva", ... "evaluation").
 * Use it at index time only (set a search_analyzer without it on the field).
 *
 * <p>Defaults: {@code min_gram} 2, {@code max_gram} 20, {@code preserve_original} false.
 * They can be changed in a custom filter definition:
 * {@code "my_ngram": {"type": "carrefour_edge_ngram", "min_gram": 1, "max_gram": 10}}.
 */
@NamedComponent("carrefour_edge_ngram")
public class EdgeNGramTokenFilterFactory implements TokenFilterFactory {

    /** Filter settings, implemented by Elasticsearch from the index analysis settings. */
    @AnalysisSettings
    public interface EdgeNGramSettings {
        @IntSetting(path = "min_gram", defaultValue = 2)
        int minGram();

        @IntSetting(path = "max_gram", defaultValue = 20)
        int maxGram();

        @BooleanSetting(path = "preserve_original", defaultValue = false)
        boolean preserveOriginal();
    }

    private final int minGram;
    private final int maxGram;
    private final boolean preserveOriginal;

    @Inject
    public EdgeNGramTokenFilterFactory(EdgeNGramSettings settings) {
        this.minGram = settings.minGram();
        this.maxGram = settings.maxGram();
        this.preserveOriginal = settings.preserveOriginal();
        if (minGram < 1 || maxGram < minGram) {
            throw new IllegalArgumentException(
                "carrefour_edge_ngram: expected 1 <= min_gram <= max_gram, got min_gram=" + minGram + ", max_gram=" + maxGram
            );
        }
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return new EdgeNGramTokenFilter(tokenStream, minGram, maxGram, preserveOriginal);
    }
}
