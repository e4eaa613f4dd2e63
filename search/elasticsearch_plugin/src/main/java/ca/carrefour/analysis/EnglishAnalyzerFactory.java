package ca.carrefour.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.AnalyzerFactory;

/**
 * English full-text analyzer: standard tokenizer, then possessive removal,
 * lowercase, ASCII folding, English stop words and Porter stemming
 * ({@code "The agents' evaluations"} gives {@code [agent, evalu]}).
 */
@NamedComponent("carrefour_english")
public class EnglishAnalyzerFactory implements AnalyzerFactory {

    @Override
    public Analyzer create() {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer source = new StandardTokenizer();
                TokenStream result = Filters.englishPossessive(source);
                result = Filters.lowercase(result);
                result = Filters.asciiFolding(result);
                result = Filters.englishStop(result);
                result = Filters.englishStem(result);
                return new TokenStreamComponents(source, result);
            }

            @Override
            protected TokenStream normalize(String fieldName, TokenStream in) {
                return Filters.asciiFolding(Filters.lowercase(in));
            }
        };
    }
}
